import { createLazyRoute } from "@tanstack/react-router";
import { ImportPage } from "@/modules/imports/components/ImportPage";
import { ImportUpload } from "@/modules/imports/components/ImportUpload";
import { KIND_PLURAL } from "@/modules/imports/utils/importLabels";

export const NewRoute = createLazyRoute("/app/imports/new")({ component: NewImport });
export const Route = createLazyRoute("/app/imports/$id")({ component: ImportScreen });

function NewImport() {
  const { kind = "contact" } = NewRoute.useSearch() as { kind?: "contact" | "company" | "lead" };
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-xl font-semibold">Import {KIND_PLURAL[kind]}</h1>
      <ImportUpload kind={kind} />
    </div>
  );
}

function ImportScreen() {
  const { id } = Route.useParams();
  return <ImportPage id={id} />;
}
