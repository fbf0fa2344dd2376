// The raw evidence the engine was given, kept column-wise (~45 bytes per sample) so cells can be
// rebuilt from it when the model, the clock or the registry changes. Samples are only ever appended.

export class EvidenceLog {
  length = 0;
  x = new Float64Array(0); // projected metres
  y = new Float64Array(0);
  accuracyM = new Float32Array(0);
  time = new Float64Array(0); // ms since the epoch
  signalDbm = new Float32Array(0); // NaN: no free network heard (and for reports)
  kind = new Uint8Array(0); // 0 observation, 1… report kinds
  device = new Int32Array(0); // interned device key; 0 = unknown device
  accessPoint = new Int32Array(0); // interned access-point id; -1 = none
  emitter = new Int32Array(0); // interned BSSID heard; -1 = none given
  ssid = new Int32Array(0); // interned SSID heard; -1 = none given
  quieter = new Uint8Array(0); // 1 = a survey row weaker than another free network of its own scan (its level is not the place's)

  push(x: number, y: number, accuracyM: number, time: number, signalDbm: number, kind: number, device: number, accessPoint: number, emitter = -1, ssid = -1): number {
    if (this.length === this.x.length) this.grow(Math.max(1024, this.length * 2));
    const i = this.length++;
    this.x[i] = x;
    this.y[i] = y;
    this.accuracyM[i] = accuracyM;
    this.time[i] = time;
    this.signalDbm[i] = signalDbm;
    this.kind[i] = kind;
    this.device[i] = device;
    this.accessPoint[i] = accessPoint;
    this.emitter[i] = emitter;
    this.ssid[i] = ssid;
    this.quieter[i] = 0; // set by the engine once the rest of its scan is known
    return i;
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `extra` more samples at once (one allocation for a bulk load). */
  reserve(extra: number): void {
    if (this.length + extra > this.x.length) this.grow(this.length + extra);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Float32Array | Uint8Array | Int32Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.x = copy(this.x, Float64Array);
    this.y = copy(this.y, Float64Array);
    this.accuracyM = copy(this.accuracyM, Float32Array);
    this.time = copy(this.time, Float64Array);
    this.signalDbm = copy(this.signalDbm, Float32Array);
    this.kind = copy(this.kind, Uint8Array);
    this.device = copy(this.device, Int32Array);
    this.accessPoint = copy(this.accessPoint, Int32Array);
    this.emitter = copy(this.emitter, Int32Array);
    this.ssid = copy(this.ssid, Int32Array);
    this.quieter = copy(this.quieter, Uint8Array);
  }
}

/** Interns keys (device hashes, access-point ids) as small integers; `first` is the first id handed out. */
export class Interner<K> {
  private readonly ids = new Map<K, number>();
  readonly keys: K[] = [];
  constructor(private readonly first: number) {}
  id(key: K): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.first + this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }
  find(key: K): number | undefined {
    return this.ids.get(key);
  }
  key(id: number): K {
    return this.keys[id - this.first];
  }
}
