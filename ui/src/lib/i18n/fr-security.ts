// Texts of the security screens (profiles, PIN, passphrase, lock).
export const frSecurity = {} as const;
