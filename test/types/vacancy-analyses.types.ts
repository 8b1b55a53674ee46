// Type-level tests for recrubo.vacancyAnalyses, checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type VacancyAnalysis = ResourceOf<'vacancyAnalyses'>;

export async function vacancyAnalysisTypes(): Promise<void> {
  const analysis = await recrubo.vacancyAnalyses.create({ inputText: 'We are looking for a Java developer…' });
  // `?sync=true` (sandbox) waits for the finished analysis.
  const finished = await recrubo.vacancyAnalyses.create({ inputText: 'Example Text' }, { query: { sync: true }, timeoutMs: 120_000 });
  // @ts-expect-error sync is a boolean
  await recrubo.vacancyAnalyses.create({ inputText: 'x' }, { query: { sync: 'yes' } });
  // @ts-expect-error inputText is required
  await recrubo.vacancyAnalyses.create({});
  // @ts-expect-error analyzeResult is read-only
  await recrubo.vacancyAnalyses.create({ inputText: 'x', analyzeResult: null });

  expectType<string>(analysis.inputText);
  const skill = finished.analyzeResult?.hardSkills?.[0];
  expectType<number | undefined>(skill?.rating);
  expectType<string | undefined>(skill?.writtenAsRequirement);
  expectType<boolean | undefined>(finished.analyzeResult?.certifications?.[0]?.required);

  const page = await recrubo.vacancyAnalyses.list({ sort: '-createdAt' });
  expectType<VacancyAnalysis[]>(page.data);
  await recrubo.vacancyAnalyses.retrieve(analysis.id);
  await recrubo.vacancyAnalyses.delete(analysis.id);
  // @ts-expect-error VacancyAnalysis has no PATCH
  void recrubo.vacancyAnalyses.update;
}
