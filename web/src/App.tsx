import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AccountSecurity } from './account/AccountSecurity.tsx';
import { AdminRoutes } from './admin/AdminRoutes.tsx';
import { AgentRoutes } from './agent/AgentRoutes.tsx';
import { useLiveUpdates } from './api/live.ts';
import { isStaff, useMe } from './api/session.ts';
import { Spinner } from './components/Loading.tsx';
import { NotFound } from './components/NotFound.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { ForgotPassword } from './portal/auth/ForgotPassword.tsx';
import { SetPassword } from './portal/auth/SetPassword.tsx';
import { Setup } from './portal/auth/Setup.tsx';
import { SignIn } from './portal/auth/SignIn.tsx';
import { SignUp } from './portal/auth/SignUp.tsx';
import { VerifyEmail } from './portal/auth/VerifyEmail.tsx';
import { GuestTicket } from './portal/GuestTicket.tsx';
import { GuestForm } from './portal/contact/GuestForm.tsx';
import { PublicContact } from './portal/contact/PublicContact.tsx';
import { PortalRoutes } from './portal/PortalRoutes.tsx';
import { StatusPage } from './status/StatusPage.tsx';

/** `/` sends each person to their home: customers to their requests, agents and admins to the queue. */
function Home() {
  const me = useMe();
  if (me.isPending) return <Spinner />;
  if (!me.data) return <Navigate to="/signin" replace />;
  return <Navigate to={isStaff(me.data) ? '/agent' : '/requests'} replace />;
}

export function App() {
  // Screens update as tickets change, for anyone signed in.
  useLiveUpdates();
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/signin" element={<SignIn />} />
      <Route path="/signup" element={<SignUp />} />
      {/* The addresses people type for them (and other help desks use) lead to the same pages. */}
      {['/login', '/log-in', '/sign-in'].map((p) => (
        <Route key={p} path={p} element={<Alias to="/signin" />} />
      ))}
      {['/register', '/sign-up'].map((p) => (
        <Route key={p} path={p} element={<Alias to="/signup" />} />
      ))}
      <Route path="/verify-email" element={<VerifyEmail />} />
      <Route path="/verify" element={<VerifyEmail />} />
      <Route path="/forgot-password" element={<ForgotPassword />} />
      <Route path="/reset-password" element={<SetPassword kind="reset" />} />
      <Route path="/password-reset" element={<SetPassword kind="reset" />} />
      <Route path="/reset" element={<SetPassword kind="reset" />} />
      <Route path="/invite" element={<SetPassword kind="invite" />} />
      <Route path="/setup" element={<Setup />} />
      <Route path="/guest/tickets/:token" element={<GuestTicket />} />
      <Route path="/contact" element={<PublicContact />} />
      <Route path="/contact/new" element={<GuestForm />} />
      <Route path="/status" element={<StatusPage />} />
      <Route
        path="/requests/*"
        element={
          <RequireAuth>
            <PortalRoutes />
          </RequireAuth>
        }
      />
      <Route
        path="/agent/*"
        element={
          <RequireAuth roles={['agent', 'admin']}>
            <AgentRoutes />
          </RequireAuth>
        }
      />
      <Route
        path="/admin/*"
        element={
          <RequireAuth roles={['admin']}>
            <AdminRoutes />
          </RequireAuth>
        }
      />
      <Route
        path="/account"
        element={
          <RequireAuth twoFactorGate={false}>
            <AccountSecurity />
          </RequireAuth>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** Another name for a page: goes there, keeping the query string (e.g. where to go after signing in). */
function Alias({ to }: { to: string }) {
  const { search } = useLocation();
  return <Navigate to={{ pathname: to, search }} replace />;
}
