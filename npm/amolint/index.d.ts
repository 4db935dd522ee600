// Types of the amolint npm package's API (index.js). The report types follow amolint's JSON
// report (`amolint check --format json`), whose field names are stable.

/** A severity as reports name it. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding. Positions are 1-based; columns count characters. */
export interface Diagnostic {
  /** The rule's code, e.g. `MAN003`. */
  code: string;
  /** The rule's name, e.g. `field-type`. */
  name: string;
  /** The pack the rule belongs to, e.g. `manifest`. */
  pack: string;
  severity: Severity;
  message: string;
  /** The file inside the widget (the member inside a zip); null for the widget as a whole. */
  file: string | null;
  line: number | null;
  column: number | null;
  end_line: number | null;
  end_column: number | null;
  /** A JSON pointer into the file the finding is about, when it is a JSON value. */
  pointer: string | null;
  /** How to fix it. */
  help: string | null;
  /** What `amolint check --fix` would change; absent when the finding has no fix. */
  fix?: Fix;
}

/** A fix: applied by `--fix` when safe, by `--fix --unsafe-fixes` when unsafe. */
export interface Fix {
  applicability: 'safe' | 'unsafe';
  /** What the fix does, e.g. `remove the byte order mark`. */
  message: string;
  /** Applied together or not at all. */
  edits: FixEdit[];
}

/** Replace `line`:`column` to `end_line`:`end_column` (exclusive) of `file` by `content`. */
export interface FixEdit {
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  content: string;
  /** The fix creates the file; absent otherwise. */
  create?: true;
}

/** Everything found in one widget. */
export interface WidgetReport {
  /** The widget's path as given or found. */
  path: string;
  kind: 'directory' | 'zip';
  /** The platform profile the widget was checked with. */
  platform: 'amocrm' | 'kommo';
  /** Why that platform: the option, the configuration, or what the manifest says. */
  platform_reason: string;
  diagnostics: Diagnostic[];
}

/** A declarative organisation rule whose `given` matched nothing in any widget. */
export interface UnmatchedRule {
  code: string;
  given: string;
  /** Where the rule is declared, e.g. `rules.toml:12:1`. */
  declared: string;
}

/** How often one rule fired at one severity (a rule found at two severities has two). */
export interface RuleCount {
  code: string;
  name: string;
  severity: Severity;
  count: number;
  /** Of those, the findings that carry a fix. */
  fixable: number;
}

/** Totals over the run. */
export interface Summary {
  widgets: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings left whose fix `--fix` applies. */
  fixable: number;
  /** Findings left whose fix only `--fix --unsafe-fixes` applies. */
  unsafe_fixable: number;
  /** Fixes this run applied (`--fix`). */
  fixed: number;
  /** Every rule that fired, the most frequent first (ties by code, then the more severe). */
  by_rule: RuleCount[];
  'unmatched-rules'?: UnmatchedRule[];
}

/** amolint's JSON report. */
export interface Report {
  tool: { name: 'amolint'; version: string };
  widgets: WidgetReport[];
  summary: Summary;
}

/** What check() resolves to: the JSON report, and whether the run failed. */
export interface CheckReport extends Report {
  /**
   * True when amolint exited with status 1: findings at or above the fail-on threshold
   * (`failOn`, else `rules.toml`'s, else `error`). Not enumerable, so `JSON.stringify` gives
   * the report as amolint wrote it.
   */
  readonly failed: boolean;
}

export interface CheckOptions {
  /** Configuration file (`--config`); default: `rules.toml` in `cwd` or the nearest parent. */
  config?: string;
  /** Platform profile (`--platform`); default: `rules.toml`'s, else `auto` (per widget). */
  platform?: 'amocrm' | 'kommo' | 'auto';
  /** Lowest severity that makes `failed` true (`--fail-on`); default: `rules.toml`'s, else `error`. */
  failOn?: 'error' | 'warning' | 'info' | 'never';
  /** Skip native rule packs (`--no-native-packs`), for configurations you do not trust. */
  noNativePacks?: boolean;
  /** The working folder amolint runs in: relative paths and `config` are resolved from it. */
  cwd?: string;
  /**
   * Further `amolint check` arguments, e.g. `['--jobs', '2', '--cache', '.amolint-cache']`.
   * Not `--format` or `--output`: check() reads the JSON report from standard output.
   */
  args?: readonly string[];
  /** The environment amolint runs with (default: `process.env`); `AMOLINT_BINARY` is read from it. */
  env?: Record<string, string | undefined>;
  /**
   * The amolint binary to run. Default: `AMOLINT_BINARY` from `env`, else the binary of this
   * platform's package (`@amolint/<platform>`, an optional dependency of `amolint`).
   */
  binary?: string;
  /** Aborting it kills the run; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Checks the widgets at `paths` (folders, zips, folders of widgets; default: `cwd`) with
 * `amolint check --format json` and resolves to the report, findings or not. Rejects with an
 * AmolintError when amolint gives no report (exit status 2: a usage or configuration error, or
 * a failure), with a BinaryNotFoundError when no binary fits this platform, and with a
 * TypeError for a bad option.
 */
export function check(paths?: string | readonly string[], options?: CheckOptions): Promise<CheckReport>;

/** A run of amolint that gave no report. */
export class AmolintError extends Error {
  name: 'AmolintError';
  /** amolint's exit status, or null when it did not exit normally. */
  exitCode: number | null;
  /** The signal that ended amolint, or null. */
  signal: string | null;
  /** What amolint wrote to standard error (the message of exit status 2). */
  stderr: string;
  /** The arguments amolint was run with. */
  args: string[];
}

/** No amolint binary for this platform: its message says why and how else to install amolint. */
export class BinaryNotFoundError extends Error {
  name: 'BinaryNotFoundError';
  code: 'AMOLINT_NO_BINARY';
}
