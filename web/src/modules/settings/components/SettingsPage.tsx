import { Link } from "@tanstack/react-router";
import type { ComponentType } from "react";
import { type Action, usePermissions } from "@/lib/permissions";
import { CalendarFeedSettings } from "@/modules/exports/components/CalendarFeedSettings";
import { OrgExportSettings } from "@/modules/exports/components/OrgExportSettings";
import { JobsSettings } from "@/modules/jobs/components/JobsSettings";
import { ApiKeysSettings } from "./ApiKeysSettings";
import { CustomFieldsSettings } from "./CustomFieldsSettings";
import { MembersSettings } from "./MembersSettings";
import { OrgSettings } from "./OrgSettings";
import { PipelinesSettings } from "./PipelinesSettings";
import { RolesSettings } from "./RolesSettings";
import { TagsSettings } from "./TagsSettings";
import { TeamsSettings } from "./TeamsSettings";

interface Section {
  id: string;
  label: string;
  component: ComponentType;
  /** The permission needed to see the section at all. */
  needs: [string, Action];
}

export const SECTIONS: Section[] = [
  { id: "organization", label: "Organization", component: OrgSettings, needs: ["organization", "read"] },
  { id: "members", label: "Members & invitations", component: MembersSettings, needs: ["member", "read"] },
  { id: "roles", label: "Roles", component: RolesSettings, needs: ["role", "read"] },
  { id: "teams", label: "Teams", component: TeamsSettings, needs: ["team", "read"] },
  { id: "pipelines", label: "Pipelines & stages", component: PipelinesSettings, needs: ["pipeline", "read"] },
  { id: "fields", label: "Custom fields", component: CustomFieldsSettings, needs: ["custom_field", "read"] },
  { id: "tags", label: "Tags", component: TagsSettings, needs: ["tag", "read"] },
  { id: "api-keys", label: "API keys", component: ApiKeysSettings, needs: ["api_key", "read"] },
  { id: "jobs", label: "Jobs", component: JobsSettings, needs: ["job", "read"] },
  { id: "calendar", label: "Calendar feed", component: CalendarFeedSettings, needs: ["calendar_feed", "read"] },
  { id: "data-export", label: "Data export", component: OrgExportSettings, needs: ["organization", "export"] },
];

export interface SettingsPageProps {
  section: string | undefined;
}

/** Settings: a sub-navigation of the sections your role may read, and the chosen one. */
export function SettingsPage({ section }: SettingsPageProps) {
  const { can, loading } = usePermissions();
  const visible = SECTIONS.filter(({ needs }) => can(...needs));
  const current = visible.find((s) => s.id === section) ?? visible[0];
  const Current = current?.component;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <div className="flex flex-col gap-6 md:flex-row">
        <nav aria-label="Settings" className="flex shrink-0 flex-col gap-0.5 md:w-52">
          {visible.map((s) => (
            <Link
              key={s.id}
              to="/settings/$section"
              params={{ section: s.id }}
              aria-current={s.id === current?.id ? "page" : undefined}
              className="rounded-md px-2 py-1.5 text-sm text-muted-fg hover:bg-muted hover:text-fg aria-[current=page]:bg-muted aria-[current=page]:font-medium aria-[current=page]:text-fg"
            >
              {s.label}
            </Link>
          ))}
        </nav>
        <div className="min-w-0 flex-1">
          {Current ? <Current /> : !loading && <p className="text-sm text-muted-fg">Your role has no settings to see.</p>}
        </div>
      </div>
    </div>
  );
}
