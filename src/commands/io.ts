/**
 * The one surface a command talks to: inputs, outputs, logs and a summary. The action wires it
 * to @actions/core (src/commands/action-io.ts), the CLI to argv and the terminal
 * (src/commands/terminal-io.ts), tests to a recorder. Commands never import @actions/core.
 */
export interface CommandIO {
  /** Trimmed input value, '' when not given. Names come from `Inputs` in src/constants.ts. */
  input(name: string): string;
  output(name: string, value: string): void;
  info(message: string): void;
  warning(message: string, where?: { file?: string; line?: number }): void;
  error(message: string, where?: { file?: string; line?: number }): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Markdown for the job summary; the terminal prints a plain-text rendering instead. */
  summary(markdown: string, plain: string): Promise<void>;
  /** Registers a value to be masked in every log line from now on. */
  setSecret(value: string): void;
  /** Environment (GITHUB_RUN_ID, ...) as seen by this command. */
  env(name: string): string | undefined;
}
