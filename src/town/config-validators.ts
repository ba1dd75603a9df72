/**
 * Validators for the operator-edited files in <town>/config/, so `doctor`
 * checks them too. Each returns a message naming the file and field, or
 * undefined when the file is fine. Features register theirs here.
 */
export type ConfigValidator = { file: string; validate: (path: string) => string | undefined };

export const configValidators: ConfigValidator[] = [];
