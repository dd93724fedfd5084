// A yes/no the page remembers across visits (say, whether Advanced is open), in localStorage. Where
// storage is refused (some private modes), it still works for the visit.
import { useCallback, useState } from 'react';

function read(key: string, fallback: boolean): boolean {
  try {
    const stored = localStorage.getItem(key);
    return stored === null ? fallback : stored === 'true';
  } catch {
    return fallback;
  }
}

export function useRememberedFlag(key: string, fallback: boolean) {
  const [value, setValue] = useState(() => read(key, fallback));
  const remember = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        localStorage.setItem(key, String(next));
      } catch {
        // Not remembered; the page works the same.
      }
    },
    [key],
  );
  return [value, remember] as const;
}
