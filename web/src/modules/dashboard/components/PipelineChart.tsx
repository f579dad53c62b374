import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface PipelineChartProps {
  rows: { stage: string; amount: number; weighted: number; count: number }[];
  currency: string;
}

/** Open pipeline by stage (amount and weighted amount). Loaded lazily: Recharts is large. */
export function PipelineChart({ rows, currency }: PipelineChartProps) {
  const money = (value: number) =>
    value.toLocaleString(undefined, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="stage" tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={money} tick={{ fontSize: 12 }} width={70} />
        <Tooltip formatter={(value, name) => [money(Number(value)), name === "amount" ? "Amount" : "Weighted"]} />
        <Bar dataKey="amount" name="amount" fill="var(--color-accent, #3b82f6)" radius={[4, 4, 0, 0]} />
        <Bar dataKey="weighted" name="weighted" fill="var(--color-muted-fg, #94a3b8)" radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
