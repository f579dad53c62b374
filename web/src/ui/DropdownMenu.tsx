import { DropdownMenu as RadixMenu } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export interface DropdownMenuProps {
  trigger: ReactNode;
  children: ReactNode;
  align?: "start" | "end";
}

/**
 * A menu opened from `trigger` (which must be a single focusable element). Not modal: a modal menu
 * hides the rest of the page from assistive technology with aria-hidden while its links and
 * buttons stay focusable; this one takes focus, and Escape, Tab or a click outside closes it.
 */
export function DropdownMenu({ trigger, children, align = "end" }: DropdownMenuProps) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content
          align={align}
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-border bg-bg p-1 text-fg shadow-lg"
        >
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

export interface DropdownMenuItemProps {
  onSelect?: () => void;
  children: ReactNode;
  disabled?: boolean;
  className?: string;
}

export function DropdownMenuItem({ onSelect, children, disabled, className }: DropdownMenuItemProps) {
  return (
    <RadixMenu.Item
      onSelect={onSelect}
      disabled={disabled}
      className={cn(
        "flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-muted data-[disabled]:opacity-50",
        className,
      )}
    >
      {children}
    </RadixMenu.Item>
  );
}

export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return <RadixMenu.Label className="px-2 py-1.5 text-xs font-medium text-muted-fg">{children}</RadixMenu.Label>;
}

export function DropdownMenuSeparator() {
  return <RadixMenu.Separator className="my-1 h-px bg-border" />;
}
