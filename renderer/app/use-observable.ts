import { useEffect, useState } from 'react';
import { type Observable } from 'rxjs';

/** The latest value of an observable (RxDB queries, sync state), re-rendering on change. */
export function useObservable<T>(source: Observable<T> | null, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!source) return undefined;
    const sub = source.subscribe(setValue);
    return () => sub.unsubscribe();
  }, [source]);
  return value;
}
