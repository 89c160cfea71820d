/** Parent jobs: one per comparison, processed by services (the only database writer). */
export const comparisonQueueName = 'comparisons';
/** Child jobs: one per policy episode, processed by `arena worker sim` (Redis only). */
export const rolloutQueueName = 'rollouts';
