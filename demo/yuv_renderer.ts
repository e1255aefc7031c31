// Draws planar YUV VideoFrames on a canvas with WebGL: one luminance texture per plane and the
// frame's own matrix and range in the shader. (Drawing polyfilled frames with drawImage comes with
// the VideoFrame issue; the demo does not depend on it.)

const VERTEX = `
attribute vec2 pos;
varying vec2 uv;
void main() { uv = vec2((pos.x + 1.0) / 2.0, (1.0 - pos.y) / 2.0); gl_Position = vec4(pos, 0.0, 1.0); }`;

const FRAGMENT = `
precision mediump float;
varying vec2 uv;
uniform sampler2D y, u, v;
uniform mat3 toRgb;
uniform vec3 offset;
void main() {
  vec3 yuv = vec3(texture2D(y, uv).r, texture2D(u, uv).r, texture2D(v, uv).r) - offset;
  gl_FragColor = vec4(clamp(toRgb * yuv, 0.0, 1.0), 1.0);
}`;

/** Kr, Kb of the matrices a decoder reports. */
const COEFFICIENTS: Record<string, [number, number]> = {
  bt709: [0.2126, 0.0722],
  bt470bg: [0.299, 0.114],
  smpte170m: [0.299, 0.114],
  'bt2020-ncl': [0.2627, 0.0593],
};

export class YuvRenderer {
  private readonly gl: WebGLRenderingContext;
  private readonly program: WebGLProgram;
  private readonly textures: WebGLTexture[];

  constructor(private readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer: the picture stays readable (screenshots, the demo's test).
    const gl = canvas.getContext('webgl', { preserveDrawingBuffer: true });
    if (!gl) throw new Error('WebGL is not available');
    this.gl = gl;
    this.program = link(gl, VERTEX, FRAGMENT);
    gl.useProgram(this.program);
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
    const pos = gl.getAttribLocation(this.program, 'pos');
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    this.textures = ['y', 'u', 'v'].map((name, unit) => {
      const texture = gl.createTexture()!;
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, texture);
      for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
      for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.LINEAR);
      gl.uniform1i(gl.getUniformLocation(this.program, name), unit);
      return texture;
    });
  }

  /** Draws a frame in I420/I422/I444 (8, 10 or 12 bits); returns false for other formats. */
  async draw(frame: VideoFrame): Promise<boolean> {
    const format = frame.format ?? '';
    const match = /^I4(20|22|44)(P1[02])?$/.exec(format);
    if (!match) return false;
    const width = frame.visibleRect!.width;
    const height = frame.visibleRect!.height;
    const bits = match[2] ? Number(match[2].slice(1)) : 8;
    const data = new Uint8Array(frame.allocationSize());
    const layout = await frame.copyTo(data);
    const chromaWidth = match[1] === '44' ? width : Math.ceil(width / 2);
    const chromaHeight = match[1] === '20' ? Math.ceil(height / 2) : height;
    const gl = this.gl;
    if (this.canvas.width !== frame.displayWidth || this.canvas.height !== frame.displayHeight) {
      this.canvas.width = frame.displayWidth;
      this.canvas.height = frame.displayHeight;
    }
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    layout.forEach((plane, i) => {
      const w = i === 0 ? width : chromaWidth;
      const h = i === 0 ? height : chromaHeight;
      gl.activeTexture(gl.TEXTURE0 + i);
      gl.bindTexture(gl.TEXTURE_2D, this.textures[i]);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.LUMINANCE, w, h, 0, gl.LUMINANCE, gl.UNSIGNED_BYTE, to8Bit(data, plane, w, h, bits));
    });
    this.setMatrix(frame.colorSpace?.matrix ?? 'bt709', frame.colorSpace?.fullRange ?? false);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    return true;
  }

  private setMatrix(matrix: string, fullRange: boolean): void {
    const [kr, kb] = COEFFICIENTS[matrix] ?? COEFFICIENTS.bt709;
    const kg = 1 - kr - kb;
    const ys = fullRange ? 1 : 255 / 219;
    const cs = fullRange ? 1 : 255 / 224;
    // Columns of the Y'CbCr -> R'G'B' matrix (GLSL is column-major).
    const m = [
      ys, ys, ys,
      0, (-cs * 2 * kb * (1 - kb)) / kg, cs * 2 * (1 - kb),
      cs * 2 * (1 - kr), (-cs * 2 * kr * (1 - kr)) / kg, 0,
    ];
    const gl = this.gl;
    gl.uniformMatrix3fv(gl.getUniformLocation(this.program, 'toRgb'), false, m);
    gl.uniform3f(gl.getUniformLocation(this.program, 'offset'), fullRange ? 0 : 16 / 255, 128 / 255, 128 / 255);
  }
}

function to8Bit(data: Uint8Array, plane: PlaneLayout, w: number, h: number, bits: number): Uint8Array {
  if (bits === 8) return data.subarray(plane.offset, plane.offset + plane.stride * h);
  const out = new Uint8Array(w * h);
  const view = new DataView(data.buffer, data.byteOffset);
  for (let row = 0; row < h; row++) {
    for (let x = 0; x < w; x++) out[row * w + x] = view.getUint16(plane.offset + row * plane.stride + 2 * x, true) >> (bits - 8);
  }
  return out;
}

function link(gl: WebGLRenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram()!;
  for (const [type, source] of [[gl.VERTEX_SHADER, vertex], [gl.FRAGMENT_SHADER, fragment]] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader) ?? 'shader');
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  return program;
}
