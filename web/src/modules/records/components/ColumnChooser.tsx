import { Columns3 } from "lucide-react";
import { DropdownMenu as RadixMenu } from "radix-ui";
import { Button } from "@/ui/Button";
import { DropdownMenu, DropdownMenuLabel } from "@/ui/DropdownMenu";
import type { ColumnDef } from "../utils/kinds";

export interface ColumnChooserProps {
  columns: ColumnDef[];
  visible: string[];
  nameColumn: string;
  onChange: (visible: string[]) => void;
}

/** Which columns the list shows; the name column always stays, so every row keeps its link. */
export function ColumnChooser({ columns, visible, nameColumn, onChange }: ColumnChooserProps) {
  const toggle = (key: string, on: boolean) => {
    // Keep the kind's column order whatever order they were ticked in.
    const next = columns.map((c) => c.key).filter((k) => (k === key ? on : visible.includes(k)));
    onChange(next);
  };
  return (
    <DropdownMenu
      trigger={
        <Button variant="secondary" size="sm">
          <Columns3 className="h-4 w-4" aria-hidden /> Columns
        </Button>
      }
    >
      <DropdownMenuLabel>Shown columns</DropdownMenuLabel>
      {columns.map((column) => (
        <RadixMenu.CheckboxItem
          key={column.key}
          checked={visible.includes(column.key)}
          disabled={column.key === nameColumn}
          onCheckedChange={(on) => toggle(column.key, on === true)}
          onSelect={(e) => e.preventDefault()}
          className="flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-muted data-[disabled]:opacity-50"
        >
          <span className="inline-flex h-4 w-4 items-center justify-center rounded border border-border" aria-hidden>
            {visible.includes(column.key) ? "✓" : ""}
          </span>
          {column.label}
        </RadixMenu.CheckboxItem>
      ))}
    </DropdownMenu>
  );
}
