/** Station names are short slugs: they become queue names and URL segments. */
export const stationNamePattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
