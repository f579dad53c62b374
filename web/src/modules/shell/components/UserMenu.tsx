import { useNavigate } from "@tanstack/react-router";
import { Check, LogOut } from "lucide-react";
import { toast } from "sonner";
import { useSession } from "@/lib/session";
import { useSignOut } from "@/modules/auth/api/authApi";
import { useMyOrganizations, useSwitchOrganization } from "@/modules/orgs/api/orgsApi";
import { DropdownMenu, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/ui/DropdownMenu";

/** The signed-in person: their organizations (switch), and sign out. */
export function UserMenu() {
  const session = useSession();
  const organizations = useMyOrganizations();
  const switchOrg = useSwitchOrganization();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!session) return null;
  const current = organizations.data?.find((org) => org.id === session.organizationId);
  const initials = session.user.full_name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <DropdownMenu
      trigger={
        // Named by what it shows (the name and the organization), also where only the initials fit.
        <button type="button" className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-muted">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-accent text-xs font-semibold text-accent-fg">
            {initials}
          </span>
          <span className="sr-only text-left text-sm leading-tight sm:not-sr-only sm:block">
            <span className="block font-medium">{session.user.full_name}</span>
            <span className="block text-xs text-muted-fg">{current?.name ?? " "}</span>
          </span>
        </button>
      }
    >
      <DropdownMenuLabel>{session.user.email}</DropdownMenuLabel>
      <DropdownMenuSeparator />
      <DropdownMenuLabel>Organizations</DropdownMenuLabel>
      {organizations.data?.map((org) => (
        <DropdownMenuItem
          key={org.id}
          disabled={org.id === session.organizationId}
          onSelect={() =>
            switchOrg.mutate(org.id, {
              onSuccess: () => toast.success(`Now working in ${org.name}.`),
              onError: (error) => toast.error(error.message),
            })
          }
        >
          <Check className={org.id === session.organizationId ? "h-4 w-4" : "invisible h-4 w-4"} aria-hidden />
          <span className="flex-1">{org.name}</span>
          <span className="text-xs capitalize text-muted-fg">{org.role}</span>
        </DropdownMenuItem>
      ))}
      <DropdownMenuSeparator />
      <DropdownMenuItem onSelect={() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: "/sign-in" }) })}>
        <LogOut className="h-4 w-4" aria-hidden />
        Sign out
      </DropdownMenuItem>
    </DropdownMenu>
  );
}
