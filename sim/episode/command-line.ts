/** What the servos are told for one control step. */
export interface ServoCommand {
  readonly jointTargetsRad: readonly number[];
  readonly gripperCommand: number;
}

/**
 * A delay line for servo commands, modelling actuator latency: a command reaches the servos
 * `delaySteps` control steps after it is issued; until then they hold the starting command.
 */
export class CommandDelayLine {
  private readonly queue: ServoCommand[];

  constructor(
    private readonly delaySteps: number,
    holding: ServoCommand,
  ) {
    this.queue = Array.from({ length: delaySteps }, () => holding);
  }

  /** Issues `command` and returns the one the servos receive now. */
  push(command: ServoCommand): ServoCommand {
    if (this.delaySteps === 0) return command;
    this.queue.push(command);
    return this.queue.shift() ?? command;
  }
}
