// Texts of the backup and restore screen.
export const frBackups = {} as const;
