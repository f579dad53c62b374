"""The deployment descriptions agree with each other and with the code they run.

No Kubernetes or Docker engine runs on the CI machine, so the manifests are checked as data: the
same three commands (migrate, serve, worker) in docker-compose.yml and deploy/k8s/, probes that
name routes the app has, settings that Heron knows, grace periods longer than the shutdown timeout,
selectors that select, and a Dockerfile that puts the web app where the server looks for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml  # PyYAML: installed with uvicorn[standard]

from heron.config import DEFAULT_WEB_DIST, Settings

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
COMMANDS = {
    "migrate": ["heron", "migrate"],
    "api": ["heron", "serve", "--host", "0.0.0.0", "--port", "8000"],
    "worker": ["heron", "worker"],
}


def _k8s_objects() -> dict[tuple[str, str], dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    for name in kustomization["resources"]:
        for doc in yaml.safe_load_all((K8S / name).read_text()):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in objects, f"{key} is defined twice"
            objects[key] = doc
    return objects


@pytest.fixture(scope="module")
def k8s() -> dict[tuple[str, str], dict[str, Any]]:
    return _k8s_objects()


def _pod(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


def _container(obj: dict[str, Any]) -> dict[str, Any]:
    (container,) = _pod(obj)["containers"]
    return container


def _workloads(k8s: dict[tuple[str, str], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        "migrate": k8s[("Job", "heron-migrate")],
        "api": k8s[("Deployment", "heron-api")],
        "worker": k8s[("Deployment", "heron-worker")],
    }


def _setting_names() -> set[str]:
    return {f"HERON_{name.upper()}" for name in Settings.model_fields}


class TestKubernetes:
    def test_each_workload_runs_the_heron_command_of_its_role(self, k8s: Any) -> None:
        for role, obj in _workloads(k8s).items():
            container = _container(obj)
            assert container["command"] == COMMANDS[role], role
            assert container["image"] == "heron", "one image for every role"

    def test_every_workload_reads_the_same_config_and_secret(self, k8s: Any) -> None:
        for role, obj in _workloads(k8s).items():
            sources = _container(obj)["envFrom"]
            assert {"configMapRef": {"name": "heron-config"}} in sources, role
            assert {"secretRef": {"name": "heron-secrets"}} in sources, role

    def test_the_config_names_only_settings_heron_has(self, k8s: Any) -> None:
        data = k8s[("ConfigMap", "heron-config")]["data"]
        assert set(data) <= _setting_names(), set(data) - _setting_names()
        assert data["HERON_ENV"] == "production"
        assert data["HERON_JOBS_IN_PROCESS"] == "false", "the worker Deployment runs the jobs"

    def test_the_secrets_the_readme_creates_are_settings(self) -> None:
        readme = (K8S / "README.md").read_text()
        named = {word.split("=")[0] for word in readme.split("--from-literal=")[1:]}
        assert named == {
            "HERON_DATABASE_URL",
            "HERON_REDIS_URL",
            "HERON_STORAGE_URL",
            "HERON_SECRET_KEY",
        }
        assert named <= _setting_names()

    @pytest.mark.anyio
    async def test_api_probes_ask_routes_that_answer(
        self, k8s: Any, client: httpx.AsyncClient
    ) -> None:
        container = _container(k8s[("Deployment", "heron-api")])
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            assert container[probe]["httpGet"]["port"] == "http"
            response = await client.get(container[probe]["httpGet"]["path"])
            assert response.status_code == 200, probe
        (port,) = container["ports"]
        assert port == {"name": "http", "containerPort": int(COMMANDS["api"][-1])}

    def test_grace_periods_outlast_the_shutdown_timeout(self, k8s: Any) -> None:
        timeout = int(k8s[("ConfigMap", "heron-config")]["data"]["HERON_SHUTDOWN_TIMEOUT_SECONDS"])
        for role in ("api", "worker"):
            grace = _pod(_workloads(k8s)[role])["terminationGracePeriodSeconds"]
            assert grace > timeout, role

    def test_selectors_select_their_pods(self, k8s: Any) -> None:
        for obj in k8s.values():
            if obj["kind"] == "Deployment":
                selector = obj["spec"]["selector"]["matchLabels"]
                labels = obj["spec"]["template"]["metadata"]["labels"]
                assert selector.items() <= labels.items(), obj["metadata"]["name"]
        api_labels = k8s[("Deployment", "heron-api")]["spec"]["template"]["metadata"]["labels"]
        service = k8s[("Service", "heron-api")]["spec"]
        pdb = k8s[("PodDisruptionBudget", "heron-api")]["spec"]["selector"]["matchLabels"]
        assert service["selector"].items() <= api_labels.items()
        assert pdb.items() <= api_labels.items()
        assert service["ports"][0]["targetPort"] == "http"

    def test_pods_run_unprivileged_with_a_writable_scratch_folder(self, k8s: Any) -> None:
        var_dir = k8s[("ConfigMap", "heron-config")]["data"]["HERON_VAR_DIR"]
        for role, obj in _workloads(k8s).items():
            assert _pod(obj)["securityContext"]["runAsNonRoot"] is True, role
            container = _container(obj)
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, role
            mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert {var_dir, "/tmp"} <= mounts, role

    def test_the_migration_job_does_not_restart_in_place(self, k8s: Any) -> None:
        assert _pod(k8s[("Job", "heron-migrate")])["restartPolicy"] == "Never"


class TestCompose:
    def test_compose_runs_the_same_three_commands(self, k8s: Any) -> None:
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
        for role, command in COMMANDS.items():
            # compose serves on the image's default port; Kubernetes names it explicitly.
            assert compose[role]["command"] == command[: len(compose[role]["command"])], role
        env = compose["api"]["environment"]
        assert set(env) <= _setting_names()
        assert env["HERON_JOBS_IN_PROCESS"] == "false"


class TestDockerfile:
    def test_the_image_carries_the_web_app_where_the_server_looks(self) -> None:
        dockerfile = (ROOT / "Dockerfile").read_text()
        assert "WORKDIR /app/backend" in dockerfile
        backend = Path(__file__).resolve().parents[2]
        in_image = os.path.normpath(
            os.path.join("/app/backend", os.path.relpath(DEFAULT_WEB_DIST, backend))
        )
        assert f"COPY --from=web /app/web/dist {in_image}\n" in dockerfile
        assert "RUN npm run build" in dockerfile
