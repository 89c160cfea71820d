/** Station names are short slugs: they become queue names and URL segments. */
export const stationNamePattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Crowd judges are anonymous ids a browser makes up. */
export const crowdJudgePattern = /^[A-Za-z0-9_-]{8,64}$/;
