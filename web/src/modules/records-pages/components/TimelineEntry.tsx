import { CalendarClock, CheckSquare, FileText, History, Mail, Phone, Users } from "lucide-react";
import type { TimelineItem } from "../api/recordPagesApi";
import { type Vocabulary, timelineText } from "../utils/timelineText";

const ICONS = { note: FileText, call: Phone, meeting: Users, email: Mail, task: CheckSquare } as const;

export interface TimelineEntryProps {
  item: TimelineItem;
  recordNoun: string;
  words: Vocabulary;
}

/**
 * One entry. Bodies are Markdown written by people: shown as plain text with their line breaks
 * (React escapes it), never parsed into HTML, so a body cannot inject markup or scripts.
 */
export function TimelineEntry({ item, recordNoun, words }: TimelineEntryProps) {
  const text = timelineText(item, recordNoun, words);
  const kind = item.activity?.kind as keyof typeof ICONS | undefined;
  const Icon = (kind && ICONS[kind]) ?? (item.type === "activity" ? CalendarClock : History);
  return (
    <li className="flex gap-3">
      <div className="mt-0.5 rounded-full bg-muted p-1.5">
        <Icon className="h-3.5 w-3.5 text-muted-fg" aria-hidden />
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <p className="text-sm font-medium">{text.title}</p>
          <time dateTime={item.at} className="text-xs text-muted-fg">
            {new Date(item.at).toLocaleString()}
          </time>
        </div>
        {text.lines.length > 0 && (
          <ul className="text-sm text-muted-fg">
            {text.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        )}
        {text.body && <p className="whitespace-pre-wrap break-words rounded-md bg-muted/60 p-2 text-sm" data-testid="timeline-body">{text.body}</p>}
      </div>
    </li>
  );
}
