import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Pipeline = components["schemas"]["PipelineOut"];
export type Stage = components["schemas"]["StageOut"];
export type StageCreateBody = components["schemas"]["StageCreate"];
export type StageUpdateBody = components["schemas"]["StageUpdate"];
export type PipelineCreateBody = components["schemas"]["PipelineCreate"];
export type PipelineUpdateBody = components["schemas"]["PipelineUpdate"];

export const pipelineKeys = { all: ["pipelines"] as const };

export function usePipelines() {
  return useQuery({
    queryKey: pipelineKeys.all,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/pipelines", { params: { query: { page_size: 100 } }, signal })).data,
  });
}

function useInvalidating<A, R>(mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: pipelineKeys.all }) });
}

export const useCreatePipeline = () =>
  useInvalidating(async (body: PipelineCreateBody) => unwrap(await api.POST("/api/v1/pipelines", { body })).data);

export const useUpdatePipeline = () =>
  useInvalidating(
    async ({ pipeline, body }: { pipeline: Pipeline; body: PipelineUpdateBody }) =>
      unwrap(
        await api.PATCH("/api/v1/pipelines/{pipeline_id}", {
          params: { path: { pipeline_id: pipeline.id }, header: ifMatch(pipeline.version) },
          body,
        }),
      ).data,
  );

export const useDeletePipeline = () =>
  useInvalidating(async (pipeline: Pipeline) => {
    const result = await api.DELETE("/api/v1/pipelines/{pipeline_id}", {
      params: { path: { pipeline_id: pipeline.id }, header: ifMatch(pipeline.version) },
    });
    if (!result.response.ok) unwrap(result);
  });

export const useCreateStage = () =>
  useInvalidating(
    async ({ pipeline_id, body }: { pipeline_id: string; body: StageCreateBody }) =>
      unwrap(await api.POST("/api/v1/pipelines/{pipeline_id}/stages", { params: { path: { pipeline_id } }, body })).data,
  );

export const useUpdateStage = () =>
  useInvalidating(
    async ({ stage, body }: { stage: Stage; body: StageUpdateBody }) =>
      unwrap(
        await api.PATCH("/api/v1/pipelines/{pipeline_id}/stages/{stage_id}", {
          params: { path: { pipeline_id: stage.pipeline_id, stage_id: stage.id }, header: ifMatch(stage.version) },
          body,
        }),
      ).data,
  );

export const useDeleteStage = () =>
  useInvalidating(async (stage: Stage) => {
    const result = await api.DELETE("/api/v1/pipelines/{pipeline_id}/stages/{stage_id}", {
      params: { path: { pipeline_id: stage.pipeline_id, stage_id: stage.id }, header: ifMatch(stage.version) },
    });
    if (!result.response.ok) unwrap(result);
  });

/** Reorders stages; the list is updated at once and restored if the API refuses. */
export function useReorderStages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ pipeline_id, stage_ids }: { pipeline_id: string; stage_ids: string[] }) =>
      unwrap(await api.PUT("/api/v1/pipelines/{pipeline_id}/stages/order", { params: { path: { pipeline_id } }, body: { stage_ids } }))
        .data,
    onMutate: async ({ pipeline_id, stage_ids }) => {
      await queryClient.cancelQueries({ queryKey: pipelineKeys.all });
      const previous = queryClient.getQueryData<Pipeline[]>(pipelineKeys.all);
      queryClient.setQueryData<Pipeline[]>(pipelineKeys.all, (pipelines) =>
        pipelines?.map((p) =>
          p.id !== pipeline_id
            ? p
            : { ...p, stages: stage_ids.map((id) => p.stages.find((s) => s.id === id)).filter((s): s is Stage => !!s) },
        ),
      );
      return { previous };
    },
    onError: (_error, _vars, context) => queryClient.setQueryData(pipelineKeys.all, context?.previous),
    onSettled: () => queryClient.invalidateQueries({ queryKey: pipelineKeys.all }),
  });
}
