/**
 * Copies a text to the clipboard and says so.
 */
import { useState } from 'react';

/** ```tsx
 * <CopyButton text={secret} label="Copy the secret" />
 * ``` */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
