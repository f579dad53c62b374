import { createLazyRoute } from "@tanstack/react-router";
import { PlannedScreen } from "@/modules/shell/components/PlannedScreen";

// One lazy chunk for the screens other work on issue 4 is building; each gets its own file then.
export const contacts = createLazyRoute("/app/contacts")({
  component: () => <PlannedScreen title="Contacts" what="The people you talk to, with their companies and deals." />,
});
export const leads = createLazyRoute("/app/leads")({
  component: () => <PlannedScreen title="Leads" what="Prospects to qualify and convert into contacts and deals." />,
});
export const deals = createLazyRoute("/app/deals")({
  component: () => <PlannedScreen title="Deals" what="Your pipelines as boards and lists." />,
});
