// Texts of the audit trail viewer.
export const frAudit = {} as const;
