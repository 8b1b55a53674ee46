// A Response over a body that has already arrived whole (createNodeFetch's small bodies).
// Node's Response wraps every body in a web ReadableStream when it is built, which costs
// about as much as the rest of the Response; this one keeps the bytes and builds that stream
// only if someone asks for `body`. `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()`
// read the bytes directly, and the SDK's transport takes them through TAKE_COMPLETE_BODY.
// Everything else (status, headers, `bodyUsed`, `clone()`, a second read failing) behaves as
// a Response does.
import { TAKE_COMPLETE_BODY, type CompleteBody } from '../transport/fetch-protocol';

const decoder = new TextDecoder();

export class BufferedResponse extends Response implements CompleteBody {
  #bytes: Uint8Array;
  readonly #init: ResponseInit;
  /** The Response that owns the stream, once `body` was asked for. */
  #streamed: Response | undefined;
  #used = false;

  constructor(bytes: Uint8Array, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
    this.#init = init;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.#streamed === undefined) {
      this.#streamed = new Response(this.#bytes as Uint8Array<ArrayBuffer>, this.#init);
      // Read already: the stream is disturbed, as it would be.
      if (this.#used) void this.#streamed.arrayBuffer().catch(() => undefined);
    }
    return this.#streamed.body as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  override get bodyUsed(): boolean {
    return this.#streamed === undefined ? this.#used : this.#streamed.bodyUsed;
  }

  [TAKE_COMPLETE_BODY](): Uint8Array | undefined {
    if (this.#used || this.#streamed !== undefined) return undefined;
    this.#used = true;
    const bytes = this.#bytes;
    this.#bytes = new Uint8Array(0);
    return bytes;
  }

  /** The bytes, once; through the stream if one was handed out. */
  async #read(): Promise<Uint8Array> {
    if (this.#streamed !== undefined) return new Uint8Array(await this.#streamed.arrayBuffer());
    const bytes = this[TAKE_COMPLETE_BODY]();
    if (bytes === undefined) throw new TypeError('Body is unusable: Body has already been read');
    return bytes;
  }

  override async text(): Promise<string> {
    return decoder.decode(await this.#read());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#read();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }

  override async formData(): Promise<FormData> {
    void this.body;
    return (this.#streamed as Response).formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    if (this.#streamed !== undefined) return this.#streamed.clone();
    const copy = new BufferedResponse(this.#bytes, this.#init);
    Object.defineProperty(copy, 'url', { value: this.url });
    return copy;
  }
}
