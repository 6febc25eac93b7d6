/**
 * "The server cannot be reached" while it cannot, checked again every few seconds, gone (and every list
 * refreshed) once it answers.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onReachability } from '../api/client.js';

const RECHECK_MS = 3000;

export function ServerBanner() {
  const [up, setUp] = useState(true);
  const client = useQueryClient();
  useEffect(() => onReachability(setUp), []);
  useEffect(() => {
    if (up) return;
    const timer = setInterval(async () => {
      try {
        const res = await fetch('/healthz', { cache: 'no-store' });
        if (res.ok) {
          setUp(true);
          await client.invalidateQueries();
        }
      } catch {
        // still down
      }
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [up, client]);
  if (up) return null;
  return (
    <div className="banner" role="alert">
      The Vigil server cannot be reached. What you see may be out of date; the console reconnects on its own.
    </div>
  );
}
