// The evaluator page: what the station in front of the evaluator is doing, the buttons that move
// it on (start and stop each episode), and the scores that complete the comparison, as in
// RoboArena's protocol. Nothing shown identifies a policy: episodes are only "A" and "B".
import { requireChild, requireElement, element } from '../shared/dom.ts';
import { clearProblems, showProblems } from '../shared/field-problems.ts';
import { ApiError } from '../shared/post-json.ts';
import {
  controlRateWarning,
  episodeClock,
  episodeSummary,
  phaseCopy,
  renderSteps,
} from './phase-panel.ts';
import { listStations, StationClient, type StationStatus } from './station-client.ts';

/** Polling is enough: a station changes phase every few seconds at most. */
const pollMs = 1000;
const evaluatorKey = 'arena-evaluator';

const status = requireElement('status', HTMLSpanElement);
const station = new URLSearchParams(location.search).get('station');

if (station === null || station === '') void showPicker();
else startStation(new StationClient(station));

async function showPicker(): Promise<void> {
  requireElement('station-picker', HTMLElement).hidden = false;
  const stations = await listStations();
  const list = requireElement('station-list', HTMLUListElement);
  for (const name of stations) {
    const link = element('a', undefined, name);
    link.href = `/evaluate.html?station=${encodeURIComponent(name)}`;
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  requireElement('no-stations', HTMLParagraphElement).hidden = stations.length > 0;
  status.textContent = '';
}

function startStation(client: StationClient): void {
  requireElement('station', HTMLElement).hidden = false;
  requireElement('station-name', HTMLSpanElement).textContent = client.station;
  document.title = `policy-arena · evaluator at ${client.station}`;
  const evaluator = requireElement('evaluator', HTMLInputElement);
  evaluator.value = localStorage.getItem(evaluatorKey) ?? '';
  evaluator.addEventListener('change', () =>
    localStorage.setItem(evaluatorKey, evaluator.value.trim()),
  );

  const idle = requireElement('idle', HTMLParagraphElement);
  const current = requireElement('current', HTMLDivElement);
  const steps = requireElement('steps', HTMLOListElement);
  const phaseText = requireElement('phase-text', HTMLParagraphElement);
  const clock = requireElement('clock', HTMLParagraphElement);
  const action = requireElement('phase-action', HTMLButtonElement);
  const form = requireElement('evaluation-form', HTMLFormElement);
  const fallback = requireElement('form-problems', HTMLDivElement);
  const notice = requireElement('notice', HTMLParagraphElement);
  let state: StationStatus | null = null;
  /** The comparison whose scores were sent: the form stays closed until the station moves on. */
  let submittedFor: string | null = null;
  /** The comparison the form was last reset for, so a poll does not wipe what is being typed. */
  let formFor: string | null = null;

  const range = (name: string): HTMLInputElement =>
    requireChild(form, `input[name="${name}"]`, HTMLInputElement);
  const showRanges = (): void => {
    requireElement('progress-a-value', HTMLOutputElement).value = range('progressA').value;
    requireElement('progress-b-value', HTMLOutputElement).value = range('progressB').value;
  };
  form.addEventListener('input', showRanges);

  /** Stations some campaign names; null until known. A mistyped name is in none of them. */
  let namedStations: string[] | null = null;

  const render = (): void => {
    const now = state?.current ?? null;
    idle.hidden = now !== null;
    current.hidden = now === null;
    if (now === null) {
      const waiting = state?.waiting ?? 0;
      idle.textContent =
        waiting > 0
          ? `Waiting for the station to take the next comparison (${waiting} queued).`
          : namedStations !== null && !namedStations.includes(client.station)
            ? unknownStationText(client.station, namedStations)
            : 'Nothing to do: no comparison is waiting for this station.';
      return;
    }
    requireElement('task-name', HTMLSpanElement).textContent = now.task.name;
    requireElement('instruction', HTMLElement).textContent = now.task.instruction;
    renderSteps(steps, now.phase);
    const { text, action: offered } = phaseCopy(now.phase);
    const sent = submittedFor === now.ticket;
    phaseText.textContent = sent ? 'Scores sent; the station is recording them.' : text;
    requireElement('episode-summary', HTMLParagraphElement).textContent = episodeSummary(now);
    const rateWarning = requireElement('rate-warning', HTMLParagraphElement);
    rateWarning.textContent = controlRateWarning(now);
    rateWarning.hidden = rateWarning.textContent === '';
    const time = episodeClock(now, Date.now());
    clock.hidden = time === null;
    clock.textContent = time ?? '';
    action.hidden = offered === undefined;
    if (offered !== undefined) {
      action.textContent = offered.label;
      action.dataset['signal'] = offered.signal;
      action.classList.toggle('stop', offered.stop === true);
    }
    form.hidden = now.phase !== 'evaluation' || sent;
    if (now.phase === 'evaluation' && formFor !== now.ticket) {
      formFor = now.ticket;
      form.reset();
      showRanges();
      clearProblems(form, fallback);
    }
  };

  const poll = async (): Promise<void> => {
    try {
      state = await client.status();
      // Only an idle station can be a mistaken one; asked again until a campaign names it.
      if (state.current === null && state.waiting === 0 && !namedStations?.includes(client.station))
        namedStations = await listStations();
      status.textContent = `updated ${new Date().toLocaleTimeString()}`;
      if (state.current?.ticket !== submittedFor) notice.textContent = '';
    } catch (error) {
      status.textContent = `cannot reach the server: ${String(error)}`;
    }
    render();
  };

  action.addEventListener('click', () => {
    const now = state?.current;
    const signal = action.dataset['signal'];
    if (now === undefined || now === null || signal === undefined) return;
    action.disabled = true;
    void client
      .signal(now.ticket, signal as Parameters<StationClient['signal']>[1])
      .then(poll)
      .catch((error: unknown) => {
        notice.className = 'field-problem';
        notice.textContent = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        action.disabled = false;
      });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const now = state?.current;
    if (now === undefined || now === null) return;
    const preference = new FormData(form).get('preference');
    void (async () => {
      clearProblems(form, fallback);
      try {
        await client.evaluate(now.ticket, {
          progressA: Number(range('progressA').value),
          progressB: Number(range('progressB').value),
          preference: (preference ?? '') as 'A' | 'B' | 'tie',
          comment: requireChild(form, 'textarea[name="comment"]', HTMLTextAreaElement).value,
          evaluator: evaluator.value.trim(),
        });
        localStorage.setItem(evaluatorKey, evaluator.value.trim());
        submittedFor = now.ticket;
        notice.className = 'ok';
        notice.textContent = 'Scores sent. The next comparison appears when the station takes it.';
        render();
      } catch (error) {
        if (error instanceof ApiError && error.problems.length > 0) {
          // The evaluator's name sits outside the form; say it in the form's own list.
          showProblems(form, error.problems, fallback);
        } else {
          showProblems(form, [{ field: '(request)', problem: String(error) }], fallback);
        }
      }
    })();
  });

  void poll();
  setInterval(() => void poll(), pollMs);
}

/** What an evaluator who typed a station name no campaign uses needs to read, instead of waiting. */
function unknownStationText(station: string, named: readonly string[]): string {
  const known =
    named.length === 0
      ? 'No campaign uses any station yet.'
      : `Campaigns use: ${named.join(', ')}.`;
  return `No campaign uses a station named "${station}": check the name in the address. ${known}`;
}
