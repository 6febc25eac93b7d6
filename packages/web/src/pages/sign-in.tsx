/**
 * /login: email and password (the same accounts as the ThreatQ API's password grant). A wrong password is
 * said under the form; too many attempts say when to try again; success goes back to the page asked for.
 */
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { useSession, useSignIn } from '../api/session.js';
import { ErrorList } from '../components/error-list.js';

/** Only a path on this site: `next=https://evil.example` must not become an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function signInError(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 429) {
    return new ApiError(429, error.errors.length ? error.errors : ['Too many sign-in attempts. Wait a few minutes, then try again.']);
  }
  if (error instanceof ApiError && error.status === 401) {
    return new ApiError(401, error.errors.length ? error.errors : ['Wrong email or password.']);
  }
  return error;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { data: session } = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));
  if (session) return <Navigate to={next} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  return (
    <main className="signin" id="main">
      <form onSubmit={submit} aria-describedby={signIn.error ? 'signin-error' : undefined}>
        <h1>
          <img src="/favicon.svg" alt="" width="28" height="28" /> Sign in to Vigil
        </h1>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorList error={signInError(signIn.error)} id="signin-error" />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          Forgot your password? An administrator can set a new one with <code>vigil admin users set-password</code>. API clients sign with Hawk; see <a href="/docs">the API documentation</a>.
        </p>
      </form>
    </main>
  );
}
