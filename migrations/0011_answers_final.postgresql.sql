-- Answers to questions on a need are final: every proposer must be able to rely on the same
-- answer, so once given it is never changed or removed (a correction is a new, answered question).
CREATE FUNCTION need_questions_answer_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF old.answer IS NOT NULL AND (new.answer IS DISTINCT FROM old.answer OR new.question IS DISTINCT FROM old.question
      OR new.answered_at IS DISTINCT FROM old.answered_at) THEN
    RAISE EXCEPTION 'answers to questions are final';
  END IF;
  RETURN new;
END;
$$;
CREATE TRIGGER need_questions_answer_final BEFORE UPDATE ON need_questions
  FOR EACH ROW EXECUTE FUNCTION need_questions_answer_final();
