import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import type { BoardParams } from "@/modules/board/api/boardApi";
import { DealsBoard } from "@/modules/board/components/DealsBoard";

export const Route = createLazyRoute("/app/deals/board")({ component: DealsBoardPage });

function DealsBoardPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/deals/board" });
  const onParamsChange = useCallback((next: BoardParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <DealsBoard params={params} onParamsChange={onParamsChange} />;
}
