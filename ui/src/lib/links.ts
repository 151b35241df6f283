// The link check's answer in words, for the page's checks ("14 links checked: 2 broken,
// 1 did not answer").
import type { LinkReport } from './bindings';

export function linkSummary(report: LinkReport): string {
  const n = report.links.length;
  if (n === 0) return 'No links on this page to check.';
  const broken = report.links.filter((l) => l.state === 'broken').length;
  const silent = report.links.filter((l) => l.state === 'unreachable').length;
  const head = `${n} ${n === 1 ? 'link' : 'links'} checked`;
  if (broken === 0 && silent === 0) return `${head}: all answer.`;
  const parts: string[] = [];
  if (broken > 0) parts.push(`${broken} broken`);
  if (silent > 0) parts.push(`${silent} did not answer`);
  return `${head}: ${parts.join(', ')} (see the warnings).`;
}
