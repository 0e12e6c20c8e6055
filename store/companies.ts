import type { Company } from '../domain/gtec/companies.ts';
import { putAll, queryAll } from './batch.ts';
import { keys, withoutKeys } from './keys.ts';

/** Puts (or replaces, by SIRET) companies of the pôle's GTEC registry. */
export async function upsertCompanies(poleId: string, companies: readonly Company[], at: string): Promise<void> {
  await putAll(companies.map((c) => ({ ...keys.company(poleId, c.siret), type: 'Company', ...c, importedAt: at })));
}

/** The pôle's whole registry, in SIRET order. */
export async function listCompanies(poleId: string): Promise<Company[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.companiesPartition(poleId) },
  });
  return items.map((item) => {
    const { importedAt: _at, ...company } = withoutKeys<Company & { importedAt?: string }>(item);
    return company;
  });
}
