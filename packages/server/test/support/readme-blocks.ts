import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import ts from 'typescript';

/** The repository root, where `tsconfig.json` lives. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A fenced code block of a README: its language, the words after it, its text and its line. */
export interface CodeBlock {
  lang: string;
  meta: string;
  code: string;
  line: number;
  /** The name in `node-example=<name>`, if the block is one. */
  example: string | undefined;
}

/** Every fenced code block of a Markdown file (relative to the repository root). */
export function codeBlocks(file: string): CodeBlock[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const meta = match[2]!.trim();
    blocks.push({
      lang: match[1]!,
      meta,
      code: match[3]!,
      line: text.slice(0, match.index).split('\n').length,
      example: /(?:^|\s)node-example=([\w-]+)/.exec(meta)?.[1],
    });
  }
  return blocks;
}

/** Blocks meant to compile: `ts check` and `ts node-example=…`. */
export function checkedBlocks(blocks: readonly CodeBlock[]): CodeBlock[] {
  return blocks.filter((b) => b.lang === 'ts' && (b.example !== undefined || /(?:^|\s)check(?:\s|$)/.test(b.meta)));
}

/**
 * Type-checks blocks as modules of the repository, with its tsconfig (so `@chat-wall/sdk` is the
 * SDK's sources). Returns one message per error, naming the README line.
 */
export function typeCheck(file: string, blocks: readonly CodeBlock[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(repoRoot, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  // Virtual files next to the tests: they resolve modules exactly as the tests do.
  const virtual = new Map(
    blocks.map((b) => [path.join(repoRoot, 'packages/server/test', `readme-line-${b.line}.ts`), b] as const),
  );
  // The server's own name resolves to its sources, as `@chat-wall/sdk` does in tsconfig.json.
  const options = {
    ...parsed.options,
    paths: { ...parsed.options.paths, '@chat-wall/server': ['./packages/server/src/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const block = virtual.get(name);
    return block
      ? ts.createSourceFile(name, `${block.code}\nexport {};\n`, language)
      : readSource(name, language, ...rest);
  };
  host.fileExists = (name) => virtual.has(name) || ts.sys.fileExists(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && virtual.has(d.file.fileName))
    .map((d) => {
      const block = virtual.get(d.file!.fileName)!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${file}:${block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

/** Lines an example printed, with a way to wait for one. */
export class Output {
  readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();

  /** A `console` stand-in: `log` lines as printed, `error` lines prefixed with `stderr: `. */
  readonly console = {
    log: (...args: unknown[]): void => this.push(format(...args)),
    error: (...args: unknown[]): void => this.push(`stderr: ${format(...args)}`),
  };

  private push(line: string): void {
    this.lines.push(line);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first line (printed or to come) that `test` accepts. */
  line(test: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.lines.find(test);
        if (found === undefined) return false;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no such line in time; printed so far:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }
}

/** What a running example sees as `process`: its environment and its signal handlers. */
export class FakeProcess {
  readonly signals = new Map<string, () => void>();
  constructor(readonly env: Record<string, string | undefined> = {}) {}

  once(signal: string, handler: () => void): this {
    this.signals.set(signal, handler);
    return this;
  }

  on(signal: string, handler: () => void): this {
    return this.once(signal, handler);
  }
}

type ExampleBody = (
  modules: Record<string, unknown>,
  console: Output['console'],
  process: FakeProcess,
) => Promise<void>;

/**
 * Runs a `node-example` block as written, with the relay at `server` in place of
 * `http://localhost:8080`. Its imports come from `modules`; `console` and `process` are stand-ins
 * the test reads. Resolves when the block's top-level code has finished.
 */
export function runExample(
  block: CodeBlock,
  options: { server?: string; modules: Record<string, unknown>; output: Output; process?: FakeProcess },
): Promise<void> {
  const js = ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  let body = js.replace(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)';$/gm, (_all, names: string, from: string) => {
    if (!(from in options.modules)) throw new Error(`example imports ${from}, which the test does not provide`);
    return `const {${names.replace(/\bas\b/g, ':')}} = __modules[${JSON.stringify(from)}];`;
  });
  if (/^\s*(import|export)\b/m.test(body))
    throw new Error(`example at line ${block.line} has an import the runner cannot map`);
  if (options.server) body = body.replaceAll('http://localhost:8080', options.server);
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => ExampleBody;
  const run = new AsyncFunction('__modules', 'console', 'process', body);
  return run(options.modules, options.output.console, options.process ?? new FakeProcess());
}
