import { Tag as TagIcon, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { Skeleton } from "@/ui/Skeleton";
import { useCreateTag, useDeleteTag, useTags, useUpdateTag } from "../api/catalogApi";

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Tags: a name and a colour each; add, rename, recolour, delete. */
export function TagsSettings() {
  const { can } = usePermissions();
  const tags = useTags();
  const create = useCreateTag();
  const update = useUpdateTag();
  const remove = useDeleteTag();
  const [name, setName] = useState("");
  const [color, setColor] = useState("#3b82f6");

  if (tags.isError) throw tags.error;
  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      toast.success(done);
      return true;
    } catch (error) {
      toast.error(errorText(error));
      return false;
    }
  };
  const onAdd = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    if (await run(create.mutateAsync({ name: name.trim(), color }), `Tag “${name.trim()}” is added.`)) setName("");
  };
  return (
    <section className="flex flex-col gap-4" aria-labelledby="tags-title">
      <h2 id="tags-title" className="text-lg font-semibold">
        Tags
      </h2>
      {can("tag", "create") && (
        <form onSubmit={onAdd} className="flex items-center gap-2">
          <Input aria-label="New tag name" placeholder="New tag, e.g. VIP" value={name} onChange={(e) => setName(e.target.value)} className="max-w-64" />
          <input aria-label="New tag colour" type="color" value={color} onChange={(e) => setColor(e.target.value)} className="h-9 w-10 rounded" />
          <Button type="submit" loading={create.isPending}>
            Add tag
          </Button>
        </form>
      )}
      {!tags.data ? (
        <Skeleton className="h-24 w-full" />
      ) : tags.data.length === 0 ? (
        <EmptyState icon={TagIcon} title="No tags yet">
          Tags group records across companies, contacts, leads and deals, like “VIP” or “Partner”. Filter any list by them.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {tags.data.map((tag) => (
            <li key={tag.id} className="flex items-center gap-2 py-2">
              <input
                aria-label={`Colour of ${tag.name}`}
                type="color"
                defaultValue={tag.color}
                disabled={!can("tag", "update")}
                onBlur={(e) => e.target.value !== tag.color && run(update.mutateAsync({ tag, body: { color: e.target.value } }), "Colour saved.")}
                className="h-8 w-9 rounded"
              />
              <Input
                aria-label={`Name of ${tag.name}`}
                defaultValue={tag.name}
                disabled={!can("tag", "update")}
                onBlur={(e) => {
                  const next = e.target.value.trim();
                  if (next && next !== tag.name) void run(update.mutateAsync({ tag, body: { name: next } }), `Renamed to “${next}”.`);
                }}
                className="max-w-64"
              />
              {can("tag", "delete") && (
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Delete ${tag.name}`}
                  onClick={() => window.confirm(`Delete the tag “${tag.name}”? It is taken off every record.`) && run(remove.mutateAsync(tag), `“${tag.name}” is deleted.`)}
                >
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
