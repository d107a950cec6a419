import { AmbientLight, BoxGeometry, Color, DirectionalLight, EdgesGeometry, Group, LineBasicMaterial, LineSegments, Mesh, MeshLambertMaterial, PerspectiveCamera, Raycaster, Scene, Vector2, Vector3, WebGLRenderer } from 'three';

/**
 * The building view's script: one box per unit, on its floor and in its place along the floor, coloured by register
 * status (the legend's colours), drawn with three.js. Dragging turns the building; a click (a tap) on a unit opens its
 * register. Each unit's place on screen is written onto its table cell (data-x, data-y), so the page can be checked.
 */
type Unit = { unitNumber: string; floor: number; column: number; status: string };
type Layout = { floors: number; columns: number; units: Unit[] };

const canvas = document.getElementById('building-canvas') as HTMLCanvasElement | null;
const colours = new Map([...document.querySelectorAll<HTMLElement>('#building-legend [data-status]')].map((e) => [e.dataset['status'] ?? '', e.dataset['colour'] ?? '#999']));
const UNIT = { width: 3, height: 2.6, depth: 8, gap: 0.25 };
/** A drag shorter than this (CSS px) is a click. */
const CLICK_PX = 6;

function boxes(layout: Layout): { group: Group; meshes: Mesh[] } {
  const group = new Group();
  const meshes: Mesh[] = [];
  const geometry = new BoxGeometry(UNIT.width - UNIT.gap, UNIT.height - UNIT.gap, UNIT.depth);
  const edges = new EdgesGeometry(geometry);
  const highlight = canvas?.dataset['highlight'] ?? '';
  for (const u of layout.units) {
    const mesh = new Mesh(geometry, new MeshLambertMaterial({ color: new Color(colours.get(u.status) ?? '#999') }));
    mesh.position.set((u.column - (layout.columns - 1) / 2) * UNIT.width, (u.floor - 0.5) * UNIT.height, 0);
    mesh.userData['unitNumber'] = u.unitNumber;
    const outline = new LineSegments(edges, new LineBasicMaterial({ color: u.unitNumber === highlight ? 0xffd600 : 0x263238, linewidth: 1 }));
    mesh.add(outline);
    group.add(mesh);
    meshes.push(mesh);
  }
  return { group, meshes };
}

function start(c: HTMLCanvasElement, layout: Layout): void {
  let renderer: WebGLRenderer;
  try {
    renderer = new WebGLRenderer({ canvas: c, antialias: true, preserveDrawingBuffer: true });
  } catch {
    const note = document.getElementById('no-webgl');
    if (note) note.hidden = false;
    return;
  }
  const scene = new Scene();
  scene.background = new Color('#eef2f6');
  scene.add(new AmbientLight(0xffffff, 1.6));
  const sun = new DirectionalLight(0xffffff, 1.4);
  sun.position.set(20, 40, 30);
  scene.add(sun);
  const { group, meshes } = boxes(layout);
  scene.add(group);
  const height = layout.floors * UNIT.height;
  const camera = new PerspectiveCamera(40, c.clientWidth / c.clientHeight, 0.1, 1000);
  const distance = Math.max(height, layout.columns * UNIT.width) * 1.9 + 10;
  camera.position.set(0, height / 2, distance);
  camera.lookAt(new Vector3(0, height / 2, 0));
  renderer.setPixelRatio(window.devicePixelRatio);
  renderer.setSize(c.clientWidth, c.clientHeight, false);
  let turn = -0.45;

  const draw = () => {
    group.rotation.y = turn;
    renderer.render(scene, camera);
    publishPlaces(c, meshes, camera);
  };

  const raycaster = new Raycaster();
  const pick = (x: number, y: number): string | null => {
    const r = c.getBoundingClientRect();
    raycaster.setFromCamera(new Vector2(((x - r.left) / r.width) * 2 - 1, -((y - r.top) / r.height) * 2 + 1), camera);
    const hit = raycaster.intersectObjects(meshes, false)[0];
    return hit ? String(hit.object.userData['unitNumber']) : null;
  };

  let down: { x: number; y: number; turn: number } | null = null;
  c.addEventListener('pointerdown', (e) => {
    down = { x: e.clientX, y: e.clientY, turn };
    c.setPointerCapture(e.pointerId);
  });
  c.addEventListener('pointermove', (e) => {
    if (!down) return;
    turn = down.turn + (e.clientX - down.x) * 0.01;
    draw();
  });
  c.addEventListener('pointerup', (e) => {
    if (!down) return;
    const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
    down = null;
    if (moved >= CLICK_PX) return;
    const unit = pick(e.clientX, e.clientY);
    if (unit) location.href = `/office/archive/units/${encodeURIComponent(unit)}`;
  });
  draw();
  c.dataset['ready'] = 'true';
}

/** Writes each unit's centre on screen (CSS px from the canvas's top left) onto its table cell. */
function publishPlaces(c: HTMLCanvasElement, meshes: readonly Mesh[], camera: PerspectiveCamera): void {
  const world = new Vector3();
  for (const m of meshes) {
    m.getWorldPosition(world);
    // The front face's centre: the half of the box nearer the camera.
    const p = world.clone().add(new Vector3(0, 0, UNIT.depth / 2).applyAxisAngle(new Vector3(0, 1, 0), m.parent?.rotation.y ?? 0)).project(camera);
    const cell = document.querySelector<HTMLElement>(`#building-table td[data-unit="${String(m.userData['unitNumber'])}"]`);
    if (cell) {
      cell.dataset['x'] = String(Math.round(((p.x + 1) / 2) * c.clientWidth));
      cell.dataset['y'] = String(Math.round(((1 - p.y) / 2) * c.clientHeight));
    }
  }
}

if (canvas) {
  void fetch(canvas.dataset['layout'] ?? '', { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<Layout>)
    .then((layout) => start(canvas, layout));
}
