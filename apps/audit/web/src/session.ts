const KEY = 'taxchain.officialToken';

/** The official's token lives for the tab only: sessionStorage, never localStorage. */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string): void => sessionStorage.setItem(KEY, token),
  signOut: (): void => sessionStorage.removeItem(KEY),
};
