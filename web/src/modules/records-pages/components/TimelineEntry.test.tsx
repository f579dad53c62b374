import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TimelineItem } from "../api/recordPagesApi";
import { vocabulary } from "../utils/vocabulary";
import { TimelineEntry } from "./TimelineEntry";

const ada = { id: "u1", full_name: "Ada Lovelace", email: "ada@example.com" };
const pipelines = [
  {
    id: "p1", name: "Sales", currency: "EUR", is_default: true, position: 0, version: 1, created_at: "", updated_at: "",
    stages: [
      { id: "s1", name: "Proposal", kind: "open", pipeline_id: "p1", position: 0, probability: 50, rotting_days: null, version: 1, created_at: "", updated_at: "" },
      { id: "s2", name: "Negotiation", kind: "open", pipeline_id: "p1", position: 1, probability: 70, rotting_days: null, version: 1, created_at: "", updated_at: "" },
    ],
  },
] as const;
const words = vocabulary("deal", [], pipelines as never);

function event(changes: Record<string, unknown>, type = "deal.updated"): TimelineItem {
  return { id: "e1", type: "event", at: "2026-01-05T10:00:00Z", actor: ada, actor_type: "user", event_type: type, changes, activity: null };
}

function note(body: string): TimelineItem {
  const activity = {
    id: "a1", kind: "note", subject: "Kick-off", body, created_at: "", updated_at: "", version: 1, due_at: null, done_at: null,
    duration_minutes: null, outcome: null, owner: ada, assignee: null, created_by: ada, links: [],
  };
  return { id: "a1", type: "activity", at: "2026-01-05T10:00:00Z", actor: ada, actor_type: "user", event_type: null, changes: null, activity };
}

describe("TimelineEntry", () => {
  it("names a stage change in words, with stage names instead of ids", () => {
    render(<TimelineEntry item={event({ stage_id: { before: "s1", after: "s2" } })} recordNoun="deal" words={words} />);
    expect(screen.getByText("Ada Lovelace changed stage from Proposal to Negotiation")).toBeInTheDocument();
  });

  it("lists several changes under one title", () => {
    render(<TimelineEntry item={event({ name: { before: "A", after: "B" }, amount: { before: null, after: "100" } })} recordNoun="deal" words={words} />);
    expect(screen.getByText("Ada Lovelace updated this deal")).toBeInTheDocument();
    expect(screen.getByText("Ada Lovelace changed name from A to B")).toBeInTheDocument();
    expect(screen.getByText("Ada Lovelace set amount to 100")).toBeInTheDocument();
  });

  it("says who created the record", () => {
    render(<TimelineEntry item={event({ name: "Big deal" }, "deal.created")} recordNoun="deal" words={words} />);
    expect(screen.getByText("Ada Lovelace created this deal")).toBeInTheDocument();
  });

  it("renders a Markdown body as text with its line breaks, never as HTML", () => {
    const body = "**Agenda**\n<img src=x onerror=alert(1)>\n<script>alert(2)</script>";
    const { container } = render(<TimelineEntry item={note(body)} recordNoun="deal" words={words} />);
    expect(screen.getByText("Ada Lovelace added a note: Kick-off")).toBeInTheDocument();
    const shown = screen.getByTestId("timeline-body");
    expect(shown.textContent).toBe(body);
    expect(shown).toHaveClass("whitespace-pre-wrap");
    expect(container.querySelector("img, script, strong")).toBeNull();
  });
});
