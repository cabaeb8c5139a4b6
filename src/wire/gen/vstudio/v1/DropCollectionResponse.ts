// Original file: proto/vstudio/v1/vector.proto


export interface DropCollectionResponse {
}

export interface DropCollectionResponse__Output {
}
