import { redactUrl, validateRemotePolicySpec, type RemotePolicySpec } from '../openpi/index.ts';
import type { JobSecret } from './job-secret.ts';
import type { RolloutPolicy } from './rollout-job.ts';

const purpose = 'rollout remote policy spec';

/** A remote policy as a rollout job carries it: the spec sealed, the endpoint shown redacted. */
export function sealRemotePolicy(spec: RemotePolicySpec, secret: JobSecret): RolloutPolicy {
  return {
    kind: 'openpi',
    endpoint: redactUrl(spec.url),
    sealedSpec: secret.seal(JSON.stringify(spec), purpose),
  };
}

/** The spec a rollout job sealed; JobSecretError under another secret. */
export function openRemotePolicy(
  policy: Extract<RolloutPolicy, { kind: 'openpi' }>,
  secret: JobSecret,
): RemotePolicySpec {
  return validateRemotePolicySpec(JSON.parse(secret.open(policy.sealedSpec, purpose)));
}
