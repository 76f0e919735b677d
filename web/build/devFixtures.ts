import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * DEV FIXTURE, until the gateway serves the downloadable rule set (AC-4):
 * `/dev-fixtures/rule-sets/visit-record.json` is suite 1 of the Activities golden vectors — the
 * server's shipped default `visit-record` rule set (a server unit test keeps them identical).
 * It is read from the repository at dev/build time, never copied by hand, and served by Vite in
 * development and emitted into dist for the gateway to serve as a static file.
 */
export const DEV_RULE_SET_PATH = '/dev-fixtures/rule-sets/visit-record.json';

const vectorFile = fileURLToPath(new URL('../../services/Activities/Domain/RuleVectors/rule-vectors.json', import.meta.url));

export function readDefaultVisitRecordRuleSet(): string {
  const vectors = JSON.parse(readFileSync(vectorFile, 'utf8')) as { suites: { ruleSet: { ruleSetId?: string } }[] };
  const ruleSet = vectors.suites.find((suite) => suite.ruleSet.ruleSetId === 'visit-record')?.ruleSet;
  if (!ruleSet) throw new Error(`no visit-record rule set in ${vectorFile}`);
  return JSON.stringify(ruleSet, null, 2);
}

export function devFixtures(): Plugin {
  return {
    name: 'salesmesh-dev-fixtures',
    configureServer(server) {
      server.middlewares.use(DEV_RULE_SET_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('X-SalesMesh-Dev-Fixture', 'rule-vectors.json suite "default visit-record rules"');
        res.end(readDefaultVisitRecordRuleSet());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: DEV_RULE_SET_PATH.slice(1), source: readDefaultVisitRecordRuleSet() });
    },
  };
}
