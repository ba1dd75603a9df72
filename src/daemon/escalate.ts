import { sanitize, sanitizeLine } from '../core/sanitize.js';
import { newBead } from '../town/issues.js';
import type { Bead } from '../town/schemas/bead.js';
import type { Town } from '../town/town.js';
import { ESCALATION_LABEL, type EscalationFields } from './attention.js';

/**
 * An escalation is mail (a town bead) with label `escalation` and an
 * `escalation` field naming rig, polecat, issue and reason, so the cockpit
 * lists it from files alone. One message per recipient.
 */
export async function sendEscalation(
  town: Town,
  input: {
    to: ('mayor' | 'overseer')[];
    subject: string;
    body: string;
    fields: EscalationFields;
    from?: string;
  },
): Promise<Bead[]> {
  const log = town.townBeads;
  const from = input.from ?? (input.fields.rig ? `${input.fields.rig}/witness` : 'mayor');
  const sent = await log.mutate((current) => {
    const records: Bead[] = [];
    for (const to of input.to) {
      const b = newBead(
        log,
        {
          has: (id: string) => current.has(id) || records.some((r) => r.id === id),
          size: current.size + records.length,
        } as Map<string, Bead>,
        {
          title: sanitizeLine(input.subject, 300),
          description: sanitize(input.body),
          issue_type: 'message',
          assignee: to,
          sender: from,
          labels: [ESCALATION_LABEL, `about:${input.fields.about}`],
          priority: 1,
        },
      );
      records.push({ ...b, escalation: input.fields } as Bead);
    }
    return { records, result: records };
  });
  return sent;
}
