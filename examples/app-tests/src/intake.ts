import type { LegalDb, TenantContext } from '@legal/data';

/** The app's own code under test: opening a matter creates the client, the case and its first deadline. */
export interface IntakeInput {
  clientName: string;
  title: string;
  /** The first deadline, `YYYY-MM-DD`. */
  respondBy: string;
}

export async function openMatter(db: LegalDb, context: TenantContext, input: IntakeInput) {
  return db.withTenant(context, async (t) => {
    const client = await t.clients.create({ name: input.clientName });
    const matter = await t.cases.create({ title: input.title, clientId: client.id });
    const deadline = await t.tasks.create({
      caseId: matter.id,
      title: 'Respond to the claim',
      kind: 'deadline',
      dueAt: `${input.respondBy}T17:00:00Z`,
    });
    return { client, matter, deadline };
  });
}
