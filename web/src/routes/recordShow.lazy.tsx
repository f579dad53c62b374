import { createLazyRoute } from "@tanstack/react-router";
import { RecordShow } from "@/modules/records-pages/components/RecordShow";

// One thin lazy file for the four show pages: they share every component.
export const company = createLazyRoute("/app/companies/$id")({ component: () => <RecordShow kind="company" id={company.useParams().id} /> });
export const contact = createLazyRoute("/app/contacts/$id")({ component: () => <RecordShow kind="contact" id={contact.useParams().id} /> });
export const lead = createLazyRoute("/app/leads/$id")({ component: () => <RecordShow kind="lead" id={lead.useParams().id} /> });
export const deal = createLazyRoute("/app/deals/$id")({ component: () => <RecordShow kind="deal" id={deal.useParams().id} /> });
