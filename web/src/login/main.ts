// The sign-in page: exchanges a token (from the link's #token= fragment, which never reaches a
// server, or pasted) for a session cookie, then goes where the role works.
import type { SessionView } from '../../../contract/session-view.ts';
import { requireElement } from '../shared/dom.ts';
import { ApiError, postJson } from '../shared/post-json.ts';

const form = requireElement('sign-in', HTMLFormElement);
const tokenInput = requireElement('token', HTMLInputElement);
const message = requireElement('message', HTMLParagraphElement);

const fragment = new URLSearchParams(location.hash.slice(1));
// The token must not stay in the address bar, the history or a screenshot.
history.replaceState(null, '', location.pathname);

async function signIn(token: string): Promise<void> {
  message.textContent = 'Signing in…';
  try {
    const session = await postJson<SessionView>('/api/session', { token });
    location.replace(destination(session, fragment.get('next')));
  } catch (error) {
    message.textContent =
      error instanceof ApiError && error.status === 401
        ? 'That token is unknown or has been revoked.'
        : `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Where to go: a same-site path the link asked for, else the page of the role. */
function destination(session: SessionView, next: string | null): string {
  // `//host` and `/\host` are other sites to a browser.
  if (next !== null && /^\/(?![/\\])/.test(next)) return next;
  switch (session.role) {
    case 'researcher':
      return '/';
    case 'judge':
      return '/judge';
    case 'evaluator':
    case 'station':
      return `/evaluate.html?station=${encodeURIComponent(session.station ?? '')}`;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(tokenInput.value.trim());
});

const token = fragment.get('token');
if (token !== null) void signIn(token);
