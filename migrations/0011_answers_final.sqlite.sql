-- Answers to questions on a need are final: every proposer must be able to rely on the same
-- answer, so once given it is never changed or removed (a correction is a new, answered question).
-- (answered_by is left out: deleting an account sets it to NULL.)
CREATE TRIGGER need_questions_answer_final BEFORE UPDATE OF answer, answered_at, question
ON need_questions WHEN old.answer IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'answers to questions are final');
END;
