import { usePermissions } from "@/lib/permissions";
import { Skeleton } from "@/ui/Skeleton";

const SCOPE_LABEL: Record<string, string> = { all: "All", team: "Team", own: "Own", none: "—" };

/** The role matrix, read-only: for each resource and action, what each role may touch. */
export function RolesSettings() {
  const { matrix } = usePermissions();
  if (!matrix) return <Skeleton className="h-64 w-full" />;
  const resources = [...new Set(matrix.roles.flatMap((role) => Object.keys(role.permissions)))];
  return (
    <section className="flex flex-col gap-4" aria-labelledby="roles-title">
      <h2 id="roles-title" className="text-lg font-semibold">
        Roles
      </h2>
      <p className="text-sm text-muted-fg">
        You are <strong>{matrix.your_role}</strong>. “Own” means records you own or are assigned, “Team” your team's.
        Roles are fixed; change a member's role under Members.
      </p>
      <ul className="grid gap-2 text-sm sm:grid-cols-2">
        {matrix.roles.map((role) => (
          <li key={role.name}>
            <strong>{role.name}</strong>: {role.description}
          </li>
        ))}
      </ul>
      <div className="overflow-x-auto">
        <table className="w-full text-xs">
          <caption className="sr-only">What each role may do, by resource and action</caption>
          <thead>
            <tr className="text-left text-muted-fg">
              <th scope="col" className="py-2">
                Resource
              </th>
              <th scope="col">Action</th>
              {matrix.roles.map((role) => (
                <th key={role.name} scope="col" className={role.name === matrix.your_role ? "text-fg" : undefined}>
                  {role.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {resources.flatMap((resource) =>
              matrix.actions.map((action, i) => (
                <tr key={`${resource}-${action}`} className={i === 0 ? "border-t border-border" : undefined}>
                  <th scope="row" className="py-1 text-left font-medium">
                    {i === 0 ? resource.replace(/_/g, " ") : ""}
                  </th>
                  <td className="text-muted-fg">{action}</td>
                  {matrix.roles.map((role) => (
                    <td key={role.name}>{SCOPE_LABEL[role.permissions[resource]?.[action] ?? "none"]}</td>
                  ))}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
