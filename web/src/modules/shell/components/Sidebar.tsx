import { Link } from "@tanstack/react-router";
import { Building2, CheckSquare, HandCoins, LayoutDashboard, type LucideIcon, Settings, Target, Users } from "lucide-react";

interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
}

const NAV: NavItem[] = [
  { to: "/", label: "Dashboard", icon: LayoutDashboard },
  { to: "/companies", label: "Companies", icon: Building2 },
  { to: "/contacts", label: "Contacts", icon: Users },
  { to: "/leads", label: "Leads", icon: Target },
  { to: "/deals", label: "Deals", icon: HandCoins },
  { to: "/tasks", label: "My tasks", icon: CheckSquare },
  { to: "/settings", label: "Settings", icon: Settings },
];

export function Sidebar() {
  return (
    <nav aria-label="Main" className="flex w-56 shrink-0 flex-col gap-0.5 border-r border-border bg-sidebar p-3">
      <div className="mb-4 flex items-center gap-2 px-2 font-semibold">
        <span className="grid h-7 w-7 place-items-center rounded-md bg-accent text-sm text-accent-fg">H</span>
        Heron
      </div>
      {NAV.map(({ to, label, icon: Icon }) => (
        <Link
          key={to}
          to={to}
          activeOptions={{ exact: to === "/" }}
          className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-muted-fg hover:bg-muted hover:text-fg data-[status=active]:bg-muted data-[status=active]:font-medium data-[status=active]:text-fg"
        >
          <Icon className="h-4 w-4" aria-hidden />
          {label}
        </Link>
      ))}
    </nav>
  );
}
