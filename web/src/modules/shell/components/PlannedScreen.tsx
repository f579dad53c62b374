import { Hammer } from "lucide-react";
import { EmptyState } from "@/ui/EmptyState";

export interface PlannedScreenProps {
  title: string;
  what: string;
}

/** Stands where a screen of issue 4 is still being built, saying what it will do. */
export function PlannedScreen({ title, what }: PlannedScreenProps) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{title}</h1>
      <EmptyState icon={Hammer} title={`${title} are on their way`}>
        {what}
      </EmptyState>
    </div>
  );
}
