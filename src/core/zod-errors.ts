import type { z } from 'zod';

/** One line naming each bad field: `rigs.web.git_url: expected string, received number`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.length > 0 ? i.path.map(String).join('.') : '(root)';
      return `field ${path}: ${i.message}`;
    })
    .join('; ');
}
