import type { InputHTMLAttributes, Ref } from "react";
import { cn } from "@/lib/cn";

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
}

export function Input({ className, ...props }: InputProps) {
  return (
    <input
      className={cn(
        "h-9 w-full rounded-md border border-input bg-bg px-3 text-sm placeholder:text-muted-fg aria-[invalid=true]:border-danger",
        className,
      )}
      {...props}
    />
  );
}
