import { createLazyRoute } from "@tanstack/react-router";
import { SettingsPage } from "@/modules/settings/components/SettingsPage";

export const Route = createLazyRoute("/app/settings")({ component: () => <SettingsPage section={undefined} /> });
export const SectionRoute = createLazyRoute("/app/settings/$section")({ component: SettingsSection });

function SettingsSection() {
  const { section } = SectionRoute.useParams();
  return <SettingsPage section={section} />;
}
