// Compiles the smoke project's TypeScript (test/package/project) with each of its tsconfigs,
// as `tsc -p` would, in one process: the programs share parsed files (lib, the package's
// declarations), which halves the time of two `tsc` runs. Type-checks the project's own files
// and every declaration file of the installed recrubo-sdk (which `skipLibCheck: false` would
// also do), but not lib or @types/node, which are not ours to check.
// Run by check-package.ts (bundled to plain CommonJS first):
//   node compile-smoke.cjs <project dir> tsconfig.node16.json tsconfig.bundler.json
import { join } from 'node:path';
import ts from 'typescript';

const PACKAGE_FILES = /[\\/]node_modules[\\/]recrubo-sdk[\\/]/;

function compile(project: string, configName: string, cache: Map<string, ts.SourceFile>): ts.Diagnostic[] {
  const diagnostics: ts.Diagnostic[] = [];
  const config = ts.getParsedCommandLineOfConfigFile(join(project, configName), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  });
  if (!config) return diagnostics;
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    // A declaration file parses differently only by its module format; key by that.
    const format = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}` : String(languageVersion);
    const key = `${fileName}|${format}`;
    let file = cache.get(key);
    if (!file) {
      file = read(fileName, languageVersion, onError, shouldCreate);
      if (file) cache.set(key, file);
    }
    return file;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, skipLibCheck: false }, host, configFileParsingDiagnostics: config.errors });
  diagnostics.push(...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
  for (const file of program.getSourceFiles()) {
    const ours = !file.isDeclarationFile || PACKAGE_FILES.test(file.fileName);
    if (!ours) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  // One file at a time: a whole-program emit would type-check lib and @types/node too.
  if (diagnostics.length === 0) {
    for (const file of program.getSourceFiles().filter((f) => !f.isDeclarationFile)) diagnostics.push(...program.emit(file).diagnostics);
  }
  return diagnostics;
}

function main(): void {
  const [project, ...configs] = process.argv.slice(2);
  if (!project || configs.length === 0) throw new Error('usage: compile-smoke <project dir> <tsconfig>...');
  const cache = new Map<string, ts.SourceFile>();
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' };
  let failed = false;
  for (const config of configs) {
    const started = Date.now();
    const diagnostics = compile(project, config, cache);
    if (diagnostics.length > 0) {
      failed = true;
      console.log(`tsc -p ${config}: ${diagnostics.length} error(s)\n${ts.formatDiagnostics(diagnostics, host)}`);
    } else {
      console.log(`tsc -p ${config}: ok (${Date.now() - started} ms)`);
    }
  }
  if (failed) process.exitCode = 1;
}

main();
